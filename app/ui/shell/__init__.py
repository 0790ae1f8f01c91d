"""The window around the panels: launcher, sign-in dialogs, main window and rail, the background runner, translations and screenshots."""
