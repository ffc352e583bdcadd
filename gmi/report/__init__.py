"""What a therapist reads: the PDF report (matplotlib) and the CSV/JSON export.

Beside the store, not in it: these read journals and draw or flatten them;
the store only keeps files.
"""
