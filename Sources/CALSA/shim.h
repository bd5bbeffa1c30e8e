#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>

// Tiny helpers only (STYLE.md 3): Swift cannot implement ALSA's variadic error handler, so this header holds one
// that formats the message and forwards it to a plain callback that Swift can set.

/// Receives one formatted ALSA library message, like "pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM foo".
typedef void (*retrowalk_alsa_message_callback)(const char *message);

static retrowalk_alsa_message_callback retrowalk_alsa_message_sink = NULL;

/// An `snd_lib_error_handler_t`: formats with vsnprintf and forwards to `retrowalk_alsa_message_sink`.
static inline void retrowalk_alsa_error_handler(
    const char *file, int line, const char *function, int err, const char *fmt, ...) {
    char text[512];
    char message[768];
    va_list args;
    va_start(args, fmt);
    vsnprintf(text, sizeof text, fmt, args);
    va_end(args);
    if (err != 0) {
        snprintf(message, sizeof message, "%s:%d:(%s) %s: %s", file, line, function, text, snd_strerror(err));
    } else {
        snprintf(message, sizeof message, "%s:%d:(%s) %s", file, line, function, text);
    }
    retrowalk_alsa_message_callback sink = retrowalk_alsa_message_sink;
    if (sink != NULL) {
        sink(message);
    }
}

/// Routes ALSA library messages to `callback` instead of stderr; `NULL` restores ALSA's default (stderr).
/// Returns the result of `snd_lib_error_set_handler` (0 on success).
__attribute__((swift_name("alsaSetMessageCallback(_:)")))
static inline int retrowalk_alsa_set_message_callback(retrowalk_alsa_message_callback callback) {
    retrowalk_alsa_message_sink = callback;
    return snd_lib_error_set_handler(callback != NULL ? retrowalk_alsa_error_handler : NULL);
}
