"""The laporan aktualisasi: assembled from the approved plan and the confirmed habituation log, edited, reviewed."""
