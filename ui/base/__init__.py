"""What every layer of the app builds on: colours, run keys, tracked threads, saved settings."""
