package org.pathways.hub.web;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * A multipart form over the in-memory limit is refused before any controller sees it; the sender is
 * told how to send a large file instead.
 */
@RestControllerAdvice
class UploadLimits {

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Map<String, Object>> tooLarge(MaxUploadSizeExceededException e) {
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .body(
            Map.of(
                "error",
                "A multipart upload may be at most 16 MB. Send larger files as the request body:"
                    + " curl --data-binary @FILE '.../files?name=FILE'."));
  }
}
