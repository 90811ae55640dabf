"""The hope box: the client's own photos, audio, video and messages to self, encrypted at rest (issue 14)."""
