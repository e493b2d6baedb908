"""Sessions of a phase per angkatan (the PJJ schedule, later the klasikal days), and attendance
that a script cannot fake cheaply."""
