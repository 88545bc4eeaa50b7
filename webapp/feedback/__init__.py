"""Anonymous feedback: taking it in, summing it up safely, keeping it only as long as needed."""
