"""The OCR engine (Tesseract through pytesseract) and the page model it fills."""
