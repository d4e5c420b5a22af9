import "server-only";
import QRCode from "qrcode";

// The setup secret as a QR code, drawn here on the server as SVG by the qrcode package:
// the secret never goes to a third-party image service, and the page needs no script to
// show it. An <img> with a data: URL keeps the markup out of the page's HTML (no
// dangerouslySetInnerHTML); the CSP allows data: images.
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
