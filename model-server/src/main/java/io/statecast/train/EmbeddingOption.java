package io.statecast.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.statecast.model.EmbeddingSource;
import java.util.Locale;

/**
 * One learned embedding to train, written {@code source:dim}: {@code key:8} embeds the key, {@code
 * day_of_week:3} the day of the week, and any other name a numeric column of the data whose values
 * are category codes ({@code line:4}). The vocabulary is fitted on the training parts ({@link
 * Inputs}).
 *
 * @param source where the category comes from
 * @param column the data column for {@link EmbeddingSource#COLUMN}, else null
 * @param dim the size of the vector
 */
public record EmbeddingOption(EmbeddingSource source, String column, int dim) {

  public EmbeddingOption {
    if (source == null) {
      throw new IllegalArgumentException("an embedding needs a source");
    }
    if ((source == EmbeddingSource.COLUMN) != (column != null && !column.isBlank())) {
      throw new IllegalArgumentException("a column embedding, and only one, names its column");
    }
    ModelOptions.require(dim >= 1 && dim <= 1024, "an embedding's dim must be 1-1024", dim);
  }

  /** Parses {@code source:dim}. */
  @JsonCreator
  public static EmbeddingOption parse(String text) {
    int colon = text == null ? -1 : text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "an embedding is written source:dim (key:8, day_of_week:3 or column:4), got '"
              + text
              + "'");
    }
    String name = text.substring(0, colon).trim();
    int dim;
    try {
      dim = Integer.parseInt(text.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("embedding '" + text + "': the dim is not a number", e);
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "key" -> new EmbeddingOption(EmbeddingSource.KEY, null, dim);
      case "day_of_week" -> new EmbeddingOption(EmbeddingSource.DAY_OF_WEEK, null, dim);
      default -> new EmbeddingOption(EmbeddingSource.COLUMN, name, dim);
    };
  }

  /** The name of the model's embedding (and of its weight): the source or the column. */
  public String name() {
    return switch (source) {
      case KEY -> "key";
      case DAY_OF_WEEK -> "day_of_week";
      case COLUMN -> column.replaceAll("[^A-Za-z0-9_]", "_");
    };
  }

  @JsonValue
  @Override
  public String toString() {
    return (source == EmbeddingSource.COLUMN ? column : name()) + ":" + dim;
  }
}
