package io.resnet4j.vision;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A GIF's first frame as Pillow shows it: on the logical screen, which may be larger than the frame. Pillow sizes
 * the image to the screen, fills it with palette index 0 (or the frame's transparent index) and places the frame at
 * its offset; Java's reader returns the bare frame.
 */
final class GifScreen {
    private GifScreen() {}

    static RgbImage firstFrame(String name, ImageReader reader, BufferedImage frame) throws IOException {
        RgbImage pixels = PilColors.fromBufferedImage(frame);
        IIOMetadata stream = reader.getStreamMetadata();
        IIOMetadata image = reader.getImageMetadata(0);
        if (stream == null || image == null) {
            return pixels;
        }
        Node screen = child(stream.getAsTree("javax_imageio_gif_stream_1.0"), "LogicalScreenDescriptor");
        Node imageTree = image.getAsTree("javax_imageio_gif_image_1.0");
        Node descriptor = child(imageTree, "ImageDescriptor");
        if (screen == null || descriptor == null) {
            return pixels;
        }
        int width = intAttribute(screen, "logicalScreenWidth"), height = intAttribute(screen, "logicalScreenHeight");
        int left = intAttribute(descriptor, "imageLeftPosition"), top = intAttribute(descriptor, "imageTopPosition");
        if (width <= 0 || height <= 0 || (width == pixels.width() && height == pixels.height() && left == 0 && top == 0)) {
            return pixels;
        }
        ImageDecoder.requireSize(name, width, height);
        int fillIndex = 0;
        Node control = child(imageTree, "GraphicControlExtension");
        if (control != null && "TRUE".equalsIgnoreCase(attribute(control, "transparentColorFlag"))) {
            fillIndex = intAttribute(control, "transparentColorIndex");
        }
        int fill = frame.getColorModel() instanceof IndexColorModel palette && fillIndex < palette.getMapSize()
                ? palette.getRGB(fillIndex) : 0;
        byte[] out = new byte[3 * width * height];
        for (int i = 0; i < out.length; i += 3) {
            out[i] = (byte) (fill >> 16);
            out[i + 1] = (byte) (fill >> 8);
            out[i + 2] = (byte) fill;
        }
        int w = Math.min(pixels.width(), width - left), h = Math.min(pixels.height(), height - top);
        for (int y = 0; y < h && w > 0; y++) {
            System.arraycopy(pixels.pixels(), y * pixels.width() * 3, out, ((top + y) * width + left) * 3, w * 3);
        }
        return new RgbImage(width, height, out);
    }

    private static Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n;
            }
        }
        return null;
    }

    private static String attribute(Node node, String name) {
        NamedNodeMap attributes = node.getAttributes();
        Node a = attributes == null ? null : attributes.getNamedItem(name);
        return a == null ? null : a.getNodeValue();
    }

    private static int intAttribute(Node node, String name) {
        String v = attribute(node, name);
        try {
            return v == null ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
