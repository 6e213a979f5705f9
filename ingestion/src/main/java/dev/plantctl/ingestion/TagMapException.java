package dev.plantctl.ingestion;

/**
 * A tag map file that cannot be used, with where: the file, the line (from 1; 0 when the problem has no line)
 * and the key path (e.g. {@code tags.co2.range}). The message reads {@code file:line: key: problem}.
 */
public final class TagMapException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    public TagMapException(String file, int line, String key, String problem) {
        super(file + ":" + line + ": " + key + ": " + problem);
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    /** The file's name as given to the loader. */
    public String file() {
        return file;
    }

    /** The line, from 1; 0 when the problem has no line. */
    public int line() {
        return line;
    }

    /** The key path, e.g. {@code tags.co2.range}. */
    public String key() {
        return key;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
