"""One package per capability; each package's __init__ says what it does and which hooks it
offers and listens to."""
