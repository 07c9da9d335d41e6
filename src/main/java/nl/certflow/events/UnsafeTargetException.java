package nl.certflow.events;

/** A webhook URL certflow will not call: not https, or an address inside a private network. */
class UnsafeTargetException extends Exception {

    UnsafeTargetException(String message) {
        super(message);
    }
}
