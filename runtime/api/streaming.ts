/** Accessor types of the WebSocket subresources (exec, attach, portforward), provided by the stream layer. */
import type { AttachAccessor, ExecAccessor, PortForwardAccessor } from "../stream/accessors.js";

export interface StreamingSubresourceAccessors {
  exec: ExecAccessor;
  attach: AttachAccessor;
  portforward: PortForwardAccessor;
}
