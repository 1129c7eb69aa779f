"""What a session becomes for people and other tools, built over the scenario registry: the
summary document, the text report, and the snapshot with its summary."""
