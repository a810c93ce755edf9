"""Media: photos (probe, encode, publish), audio and video, every image an entry shows."""
