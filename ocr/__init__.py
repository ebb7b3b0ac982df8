"""The OCR engine (Tesseract, one `ocr.tesseract.Tesseract` object) and the page model it fills."""
