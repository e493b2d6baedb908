"""Home pages: the participant's and the staff's start page, the health check, the language switch."""
