"""One parser per export format; each turns a file (or folder) into [Message]."""
