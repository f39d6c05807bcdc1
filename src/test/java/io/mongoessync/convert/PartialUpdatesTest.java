package io.mongoessync.convert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartialUpdatesTest {

    @Test
    void updatedPathsBecomeNestedObjectsAndRemovedFieldsNull() {
        assertThat(PartialUpdates.toPartialDocument("{\"updatedFields\": {\"title\": \"乘风破浪的程序媛\", \"stats.votes\": "
                + "{\"$numberLong\": \"7\"}, \"stats.when\": {\"$date\": \"2024-01-02T03:04:05Z\"}}, \"removedFields\": [\"overview\"]}"))
                .isEqualTo("{\"title\":\"乘风破浪的程序媛\",\"stats\":{\"votes\":7,\"when\":\"2024-01-02T03:04:05.000Z\"},\"overview\":null}");
    }

    @Test
    void arrayPositionsAndEmptyUpdatesHaveNoPartialDocument() {
        assertThat(PartialUpdates.toPartialDocument("{\"updatedFields\": {\"cast.0.name\": \"x\"}, \"removedFields\": []}")).isNull();
        assertThat(PartialUpdates.toPartialDocument("{\"updatedFields\": {}, \"removedFields\": []}")).isNull();
        assertThat(PartialUpdates.toPartialDocument(null)).isNull();
    }

    /** A merge of {title} kept the old tail of an array MongoDB had shortened in place. */
    @Test
    void truncatedArraysHaveNoPartialDocument() {
        assertThat(PartialUpdates.toPartialDocument("{\"updatedFields\": {\"title\": \"x\"}, \"removedFields\": [],"
                + " \"truncatedArrays\": [\"{field: cast, newSize: 1}\"]}")).isNull();
        assertThat(PartialUpdates.toPartialDocument("{\"updatedFields\": {\"title\": \"x\"}, \"removedFields\": [],"
                + " \"truncatedArrays\": []}")).isEqualTo("{\"title\":\"x\"}");
    }
}
