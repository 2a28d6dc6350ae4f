package switchboard.pipeline;

/** The inbound operations that reach a provider. */
public enum Operation {
  CHAT,
  EMBEDDINGS
}
