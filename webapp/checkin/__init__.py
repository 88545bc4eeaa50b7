"""QR check-in for voluntary meetings: a head count, never identified attendance (docs/checkin.md)."""
