"""Barcode scanning: decoder pipeline, debounce, capture worker, printable cards.

Only the decoder is imported here: the CLI ``scan`` command and the benchmark use
it without Qt. Import ``pos_app.scanning.capture`` explicitly for the worker.
"""

from pos_app.scanning.decode import Decoded, ImageError, decode_file, decode_frame

__all__ = ["Decoded", "ImageError", "decode_file", "decode_frame"]
