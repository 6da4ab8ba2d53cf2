"""The web interface's pages, one router per screen."""
