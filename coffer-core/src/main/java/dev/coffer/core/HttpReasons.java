package dev.coffer.core;

/** Azure's {@code resultSignature}: the HTTP reason phrase of the status. */
final class HttpReasons {

    private HttpReasons() {
    }

    static String of(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "NoContent";
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 413 -> "PayloadTooLarge";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalServerError" : "Status" + status;
        };
    }
}
