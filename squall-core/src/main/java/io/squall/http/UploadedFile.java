package io.squall.http;

/**
 * A file sent in a {@code multipart/form-data} body (Tornado's {@code HTTPFile}), as the browser
 * named it: {@link HttpRequest#files()} lists them by form field.
 *
 * <p>Immutable; the array is the request body's copy and is not copied again.
 *
 * @param filename the name the client gave ({@code "report.pdf"}); never a path to trust on disk
 * @param contentType the part's Content-Type, or {@code application/octet-stream} when it had none
 * @param body the file's bytes
 */
public record UploadedFile(String filename, String contentType, byte[] body) {}
