package io.mongoessync.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.mongoessync.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mapping, transform and dead-letter settings: how they resolve per namespace, and every bad value's message. */
class NamespaceRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namespaceEntriesWinOverTheStarEntryAndDefaults() {
        RouteSettings route = config("routing-field", "*:studio,mydb.hotmovies:id", "index-pipeline", "mydb.other:clean",
                "index-name-template", "{db}-{collection}").route();
        assertThat(route.rulesFor("mydb.hotmovies").routingField()).isEqualTo("id");
        assertThat(route.rulesFor("mydb.other").routingField()).isEqualTo("studio");
        assertThat(route.rulesFor("mydb.other").pipeline()).isEqualTo("clean");
        assertThat(route.rulesFor("mydb.hotmovies").pipeline()).isNull();
        assertThat(route.indexFor("MyDb.Other")).isEqualTo("mydb-other");
    }

    @Test
    void templatesTakeDocumentFieldsAndDates() throws Exception {
        IndexNameTemplate template = IndexNameTemplate.parse("index-mapping", "movies-{release_date:yyyy}-{lang}");
        assertThat(template.dependsOnDocument()).isTrue();
        assertThat(template.render("mydb", "hotmovies", JSON.readTree("{\"release_date\":\"2019-10-02\",\"lang\":\"EN\"}")))
                .isEqualTo("movies-2019-en");
        assertThat(template.render("mydb", "hotmovies", JSON.readTree("{\"release_date\":\"2021-01-31T23:00:00.000Z\",\"lang\":\"zh\"}")))
                .isEqualTo("movies-2021-zh");
        assertThat(template.pattern("mydb", "hotmovies")).isEqualTo("movies-*-*");
        assertThatThrownBy(() -> template.render("mydb", "hotmovies", JSON.readTree("{\"lang\":\"en\"}")))
                .hasMessageContaining("needs field 'release_date', which the document lacks");
        assertThatThrownBy(() -> template.render("mydb", "hotmovies", JSON.readTree("{\"release_date\":\"soon\",\"lang\":\"en\"}")))
                .hasMessageContaining("needs a date in field 'release_date'").hasMessageContaining("'soon'");
        assertThat(config("index-mapping", "mydb.hotmovies:movies-{release_date:yyyy.MM}").route().indexFor("mydb.hotmovies"))
                .isEqualTo("movies-*");
    }

    @Test
    void badMappingValuesNameTheKey() {
        assertThatThrownBy(() -> config("index-name-template", "{db}-{collection"))
                .hasMessageContaining("'index-name-template'").hasMessageContaining("never closed");
        assertThatThrownBy(() -> config("index-mapping", "mydb.hotmovies:movies-{release_date:qqqqqq}"))
                .hasMessageContaining("'index-mapping'").hasMessageContaining("date pattern");
        assertThatThrownBy(() -> config("index-mapping", "mydb.hotmovies:Movies-{db}"))
                .hasMessageContaining("'index-mapping'").hasMessageContaining("lower case");
        assertThatThrownBy(() -> config("index-mapping", "mydb.hotmovies:a,mydb.hotmovies:b"))
                .hasMessageContaining("'index-mapping'").hasMessageContaining("more than one");
        assertThatThrownBy(() -> config("routing-field", "mydb.hotmovies"))
                .hasMessageContaining("'routing-field'").hasMessageContaining("db.collection:field");
        assertThatThrownBy(() -> config("routing-field", "nodot:field"))
                .hasMessageContaining("'routing-field'").hasMessageContaining("'nodot'");
        assertThatThrownBy(() -> config("index-pipeline", "mydb.hotmovies:bad pipeline"))
                .hasMessageContaining("'index-pipeline'").hasMessageContaining("'bad pipeline'");
        assertThatThrownBy(() -> config("include-fields", "mydb.hotmovies:a..b"))
                .hasMessageContaining("'include-fields'").hasMessageContaining("'a..b'");
        assertThatThrownBy(() -> config("exclude-fields", "mydb.hotmovies:_id"))
                .hasMessageContaining("'exclude-fields'").hasMessageContaining("other than _id");
        assertThatThrownBy(() -> config("rename-fields", "mydb.hotmovies:title"))
                .hasMessageContaining("'rename-fields'").hasMessageContaining("old=new");
        assertThatThrownBy(() -> config("delete-when-field", "mydb.hotmovies:$bad"))
                .hasMessageContaining("'delete-when-field'").hasMessageContaining("'$bad'");
        assertThatThrownBy(() -> config("dead-letter-index", "Dead Letters"))
                .hasMessageContaining("'dead-letter-index'").hasMessageContaining("'Dead Letters'");
        assertThatThrownBy(() -> config("document-max-bytes", "huge"))
                .hasMessageContaining("'document-max-bytes'").hasMessageContaining("huge");
        assertThatThrownBy(() -> config("fail-fast", "sometimes"))
                .hasMessageContaining("fail-fast").hasMessageContaining("sometimes");
    }

    @Test
    void scriptsAreReadAndCompiledBeforeTheJobIsSubmitted(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.js"), "module.exports = function(doc) { return doc; }");
        assertThat(config("script", "mydb.hotmovies:" + good).route().rulesFor("mydb.hotmovies").script().name).isEqualTo("good.js");
        Path broken = Files.writeString(dir.resolve("broken.js"), "module.exports = function(doc) {\n  return doc;");
        assertThatThrownBy(() -> config("script", "mydb.hotmovies:" + broken))
                .hasMessageContaining("'script'").hasMessageContaining("broken.js line 2");
        assertThatThrownBy(() -> config("script", "*:" + dir.resolve("missing.js")))
                .hasMessageContaining("'script'").hasMessageContaining("missing.js").hasMessageContaining("NoSuchFile");
    }

    @Test
    void indexTemplatesAreCheckedJson(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("movies.json"), "{\"index_patterns\":[\"movies-*\"],\"template\":{}}");
        assertThat(config("index-templates", good.toString()).indexTemplates()).containsOnlyKeys("movies");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"index_patterns\": [\"x\"],\n oops}");
        assertThatThrownBy(() -> config("index-templates", broken.toString()))
                .hasMessageContaining("'index-templates'").hasMessageContaining("line 2");
        Path noPatterns = Files.writeString(dir.resolve("empty.json"), "{}");
        assertThatThrownBy(() -> config("index-templates", noPatterns.toString()))
                .hasMessageContaining("'index-templates'").hasMessageContaining("index_patterns");
    }
}
