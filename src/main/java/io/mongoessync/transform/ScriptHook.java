package io.mongoessync.transform;

import io.mongoessync.config.NamespaceRules;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.NativeJSON;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * A user's JavaScript run on each document, as Monstache's middleware does:
 * {@code module.exports = function(doc, ns, op) {...}} returns the document (changed or not),
 * {@code true} to keep it as it is, or {@code false}/{@code null} to drop it. Setting
 * {@code doc._meta_monstache = {index, routing, pipeline, delete}} redirects the write.
 *
 * <p>The script runs in Mozilla Rhino with only the standard JavaScript objects: no Java classes
 * (a class shutter refuses them all), no I/O, and an instruction budget, so a loop that never ends
 * fails that document instead of stalling the job.
 */
public final class ScriptHook {

    /** Instructions one call may run; plenty for field work, small enough to stop a runaway loop fast. */
    static final int INSTRUCTION_BUDGET = 5_000_000;
    private static final int OBSERVE_EVERY = 10_000;
    private static final ContextFactory SANDBOX = new SandboxFactory();

    private final String name;
    private final Scriptable scope;
    private final Function function;

    private ScriptHook(String name, Scriptable scope, Function function) {
        this.name = name;
        this.scope = scope;
        this.function = function;
    }

    /** Compiles the script and finds its exported function. */
    public static ScriptHook compile(NamespaceRules.Script script) {
        return SANDBOX.call(cx -> {
            ScriptableObject scope = cx.initSafeStandardObjects();
            cx.evaluateString(scope, "var module = {exports: null}; var exports = {};", "prelude", 1, null);
            cx.evaluateString(scope, script.source, script.name, 1, null);
            Object exported = ((Scriptable) scope.get("module", scope)).get("exports", scope);
            if (!(exported instanceof Function)) {
                throw new IllegalArgumentException("module.exports is " + Context.toString(exported) + ", not a function");
            }
            return new ScriptHook(script.name, scope, (Function) exported);
        });
    }

    /** Null when the script compiles and exports a function; otherwise what is wrong, with the line. */
    public static String check(String name, String source) {
        try {
            compile(new NamespaceRules.Script(name, source));
            return null;
        } catch (RhinoException e) {
            return e.details() + " at " + name + " line " + e.lineNumber();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Runs the script on a document given as JSON.
     *
     * @throws ScriptFailure when the script throws, runs out of budget or returns something else
     */
    public ScriptResult apply(String json, String namespace, String operation) {
        return SANDBOX.call(cx -> {
            try {
                Object doc = NativeJSON.parse(cx, scope, json, (c, s, thisObj, args) -> args[1]);
                Object result = function.call(cx, scope, scope, new Object[] {doc, namespace, operation});
                if (result == null || Undefined.isUndefined(result) || Boolean.FALSE.equals(result)) {
                    return ScriptResult.dropped();
                }
                if (Boolean.TRUE.equals(result)) {
                    result = doc;
                }
                if (!(result instanceof Scriptable) || result instanceof Function) {
                    throw new ScriptFailure(name + " returned " + Context.toString(result)
                            + "; expected the document, true, false or null");
                }
                return ScriptResult.of(cx, scope, (Scriptable) result);
            } catch (RhinoException e) {
                throw new ScriptFailure(name + " failed: " + e.details() + " (line " + e.lineNumber() + ")");
            } catch (BudgetExceeded e) {
                throw new ScriptFailure(name + " ran more than " + INSTRUCTION_BUDGET + " instructions; stopped");
            }
        });
    }

    /** The script's verdict on one document. */
    public static final class ScriptResult {
        public final boolean drop;
        public final String json;
        public final String index;
        public final String routing;
        public final String pipeline;
        public final boolean delete;

        private ScriptResult(boolean drop, String json, String index, String routing, String pipeline, boolean delete) {
            this.drop = drop;
            this.json = json;
            this.index = index;
            this.routing = routing;
            this.pipeline = pipeline;
            this.delete = delete;
        }

        static ScriptResult dropped() {
            return new ScriptResult(true, null, null, null, null, false);
        }

        static ScriptResult of(Context cx, Scriptable scope, Scriptable doc) {
            Object meta = doc.get("_meta_monstache", doc);
            String index = null;
            String routing = null;
            String pipeline = null;
            boolean delete = false;
            if (meta instanceof Scriptable) {
                Scriptable m = (Scriptable) meta;
                index = text(m, "index");
                routing = text(m, "routing");
                pipeline = text(m, "pipeline");
                delete = Boolean.TRUE.equals(m.get("delete", m));
                doc.delete("_meta_monstache");
            }
            String json = (String) NativeJSON.stringify(cx, scope, doc, null, null);
            return new ScriptResult(false, json, index, routing, pipeline, delete);
        }

        private static String text(Scriptable meta, String field) {
            Object value = meta.get(field, meta);
            return value == null || value == Scriptable.NOT_FOUND || Undefined.isUndefined(value) ? null : Context.toString(value);
        }
    }

    /** A document the script could not handle; it goes to the dead-letter index. */
    public static final class ScriptFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScriptFailure(String message) {
            super(message);
        }
    }

    private static final class BudgetExceeded extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** Interpreted mode (needed to count instructions), no Java access, bounded work per call. */
    private static final class SandboxFactory extends ContextFactory {
        @Override
        protected Context makeContext() {
            Context cx = super.makeContext();
            cx.setOptimizationLevel(-1);
            cx.setLanguageVersion(Context.VERSION_ES6);
            cx.setClassShutter(className -> false);
            cx.setMaximumInterpreterStackDepth(1_000);
            cx.setInstructionObserverThreshold(OBSERVE_EVERY);
            return cx;
        }

        @Override
        protected void observeInstructionCount(Context cx, int instructionCount) {
            long used = cx.getThreadLocal("used") == null ? 0 : (Long) cx.getThreadLocal("used");
            used += instructionCount;
            cx.putThreadLocal("used", used);
            if (used > INSTRUCTION_BUDGET) {
                throw new BudgetExceeded();
            }
        }

        @Override
        protected Object doTopCall(org.mozilla.javascript.Callable callable, Context cx, Scriptable scope,
                Scriptable thisObj, Object[] args) {
            cx.putThreadLocal("used", 0L);
            return super.doTopCall(callable, cx, scope, thisObj, args);
        }
    }
}
