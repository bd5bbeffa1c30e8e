// libmosquitto, the Eclipse Mosquitto project's own MQTT client library (Debian libmosquitto-dev).
#include <mosquitto.h>
