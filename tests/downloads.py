def body(response) -> bytes:
    """A download's bytes, whether streamed as rendered or answered whole from the page cache."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
