"""Archive: the archival copy of a document.

Takes a document's page images and their invisible text layers and gives the searchable PDF
that is archived (`assemble`); PDF/A and signing join it here.
"""

import warnings

# pyHanko imports cryptography's DSA class, which newer cryptography releases flag as
# deprecated on import. digitize never signs with DSA; the warning would only reach archive
# staff's terminals as noise, so it is silenced before any pyHanko import.
warnings.filterwarnings("ignore", message="DSA is deprecated")
