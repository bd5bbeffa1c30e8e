print("retrowalk")
