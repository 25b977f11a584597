"""What the day shows outside the console: the live board (a read-only web page),
the printed results book and the certificates, the desk's push routes.

Beside `ui/`, above `store/`: nothing below imports this package, and the
console loads it only for a command that needs it.
"""
