package io.mongoessync.transform;

import io.mongoessync.config.NamespaceRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptHookTest {

    private static ScriptHook hook(String source) {
        return ScriptHook.compile(new NamespaceRules.Script("test.js", source));
    }

    @Test
    void changesTheDocument() {
        ScriptHook.ScriptResult result = hook("module.exports = function(doc, ns, op) {"
                + " doc.title = doc.title.toUpperCase(); doc.ns = ns; doc.op = op; delete doc.secret; return doc; }")
                .apply("{\"title\":\"乘风破浪的程序媛\",\"secret\":1,\"n\":{\"a\":[1,2]}}", "mydb.hotmovies", "insert");
        assertThat(result.drop).isFalse();
        assertThat(result.json).isEqualTo("{\"title\":\"乘风破浪的程序媛\",\"n\":{\"a\":[1,2]},\"ns\":\"mydb.hotmovies\",\"op\":\"insert\"}");
    }

    @Test
    void dropsKeepsAndRedirects() {
        assertThat(hook("module.exports = function(doc) { return doc.n > 1 ? false : true; }").apply("{\"n\":2}", "a.b", "insert").drop).isTrue();
        assertThat(hook("module.exports = function(doc) { return null; }").apply("{}", "a.b", "insert").drop).isTrue();
        ScriptHook.ScriptResult kept = hook("module.exports = function(doc) { return true; }").apply("{\"n\":1}", "a.b", "insert");
        assertThat(kept.json).isEqualTo("{\"n\":1}");
        ScriptHook.ScriptResult meta = hook("module.exports = function(doc) { doc._meta_monstache = "
                + "{index: 'movies-' + doc.year, routing: doc.studio, pipeline: 'p1'}; return doc; }")
                .apply("{\"year\":1999,\"studio\":\"ghibli\"}", "a.b", "update");
        assertThat(meta.index).isEqualTo("movies-1999");
        assertThat(meta.routing).isEqualTo("ghibli");
        assertThat(meta.pipeline).isEqualTo("p1");
        assertThat(meta.json).doesNotContain("_meta_monstache");
        assertThat(hook("module.exports = function(doc) { doc._meta_monstache = {delete: true}; return doc; }")
                .apply("{}", "a.b", "update").delete).isTrue();
    }

    @Test
    void errorsNameTheScriptAndLine() {
        assertThatThrownBy(() -> hook("module.exports = function(doc) {\n return doc.missing.field; }").apply("{}", "a.b", "insert"))
                .isInstanceOf(ScriptHook.ScriptFailure.class).hasMessageContaining("test.js failed").hasMessageContaining("line 2");
        assertThatThrownBy(() -> hook("module.exports = function(doc) { return 42; }").apply("{}", "a.b", "insert"))
                .hasMessageContaining("returned 42");
        assertThat(ScriptHook.check("bad.js", "module.exports = function( {")).contains("bad.js line 1");
        assertThat(ScriptHook.check("none.js", "var x = 1;")).contains("module.exports is null");
    }

    @Test
    void isSandboxed() {
        assertThatThrownBy(() -> hook("module.exports = function(doc) { while (true) {} }").apply("{}", "a.b", "insert"))
                .hasMessageContaining("ran more than");
        assertThatThrownBy(() -> hook("module.exports = function(doc) { java.lang.System.exit(1); }").apply("{}", "a.b", "insert"))
                .isInstanceOf(ScriptHook.ScriptFailure.class);
        assertThatThrownBy(() -> hook("module.exports = function(doc) { return Packages.java.io.File; }").apply("{}", "a.b", "insert"))
                .isInstanceOf(ScriptHook.ScriptFailure.class);
        // The budget is per call: a hook that failed once still works on the next document.
        ScriptHook loop = hook("module.exports = function(doc) { for (var i = 0; i < doc.n; i++) {} return doc; }");
        assertThatThrownBy(() -> loop.apply("{\"n\":1e9}", "a.b", "insert")).hasMessageContaining("ran more than");
        assertThat(loop.apply("{\"n\":10}", "a.b", "insert").json).isEqualTo("{\"n\":10}");
    }
}
