"""Encrypted patient bundles: one person's practice carried between computers.

The format, the seal (scrypt + AES-256-GCM), pseudonymising and the merge on
import live together here, beside the store that they read and write through.
"""
