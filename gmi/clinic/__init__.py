"""The clinic overview: every patient on this machine in one table.

Its SQLite index is a derived cache of the journals (deleting it loses
nothing), so it lives beside the store rather than in it.
"""
