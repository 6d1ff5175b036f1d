package dev.aifactory.training.run.sagemaker;

import dev.aifactory.training.run.TrainingFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads one file out of SageMaker's {@code model.tar.gz} (POSIX ustar, gzipped): the built-in
 * XGBoost algorithm stores its model as {@code xgboost-model}. A few lines of tar reading instead
 * of a compression library for one entry.
 */
final class ModelTarball {

  static final String XGBOOST_MODEL = "xgboost-model";
  private static final int BLOCK = 512;

  private ModelTarball() {}

  static byte[] entry(byte[] tarGz, String name) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
      byte[] header = new byte[BLOCK];
      while (readFully(in, header)) {
        if (header[0] == 0) {
          break; // end-of-archive marker
        }
        String entryName = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        String path = prefix.isEmpty() ? entryName : prefix + "/" + entryName;
        long size =
            Long.parseLong(
                field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
        byte type = header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        boolean file = type == '0' || type == 0;
        if (file && (path.equals(name) || path.endsWith("/" + name))) {
          byte[] data = new byte[(int) size];
          if (!readFully(in, data)) {
            break;
          }
          return data;
        }
        in.skipNBytes(padded);
      }
    } catch (IOException | NumberFormatException e) {
      throw new TrainingFailure("the model archive is not a readable tar.gz: " + e.getMessage());
    }
    throw new TrainingFailure("the model archive holds no '" + name + "'");
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int n = in.readNBytes(buffer, 0, buffer.length);
    return n == buffer.length;
  }
}
