"""The annual self-assessment, scrutinised by peers in triads."""
