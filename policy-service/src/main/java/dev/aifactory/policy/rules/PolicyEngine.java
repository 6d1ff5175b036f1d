package dev.aifactory.policy.rules;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Compiles and evaluates CEL policies. Each policy version is compiled once and its program cached;
 * evaluation never throws: a failure denies, with the error as the reason.
 */
@Component
public class PolicyEngine {

  private final Map<AttachmentPoint, Cel> environments = new EnumMap<>(AttachmentPoint.class);
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  public PolicyEngine() {
    CelOptions options = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();
    for (AttachmentPoint point : AttachmentPoint.values()) {
      var builder =
          CelFactory.standardCelBuilder()
              .setOptions(options)
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .setResultType(SimpleType.BOOL);
      point.variables().forEach(builder::addVar);
      environments.put(point, builder.build());
    }
  }

  /**
   * Checks that {@code expression} compiles at {@code point} and yields a bool.
   *
   * @throws InvalidPolicyExpression with the CEL message and position otherwise
   */
  public void check(AttachmentPoint point, String expression) {
    compile(point, expression);
  }

  public Evaluation evaluate(Policy policy, Map<String, ?> inputs) {
    return evaluate(
        policy.attachmentPoint(),
        () ->
            programs.computeIfAbsent(
                policy.name() + "@" + policy.version(),
                k -> compile(policy.attachmentPoint(), policy.expression())),
        inputs);
  }

  /**
   * Evaluates a candidate expression (a dry run): compiled for this call only, so candidates never
   * fill the cache. Check it first to tell compile errors from runtime errors.
   */
  public Evaluation evaluate(AttachmentPoint point, String expression, Map<String, ?> inputs) {
    return evaluate(point, () -> compile(point, expression), inputs);
  }

  private Evaluation evaluate(
      AttachmentPoint point, Supplier<CelRuntime.Program> compiled, Map<String, ?> inputs) {
    try {
      CelRuntime.Program program = compiled.get();
      Object result = program.eval(declaredTypes(point, celValues(inputs)));
      if (result instanceof Boolean allowed) {
        return Evaluation.of(allowed);
      }
      return Evaluation.failed("expression returned " + result + " instead of a bool");
    } catch (CelEvaluationException e) {
      return Evaluation.failed(e.getMessage());
    } catch (InvalidPolicyExpression e) {
      return Evaluation.failed("stored expression does not compile: " + e.getMessage());
    } catch (RuntimeException e) {
      return Evaluation.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private CelRuntime.Program compile(AttachmentPoint point, String expression) {
    Cel cel = environments.get(point);
    CelValidationResult result = cel.compile(expression == null ? "" : expression);
    if (result.hasError()) {
      List<CelIssue> errors = result.getErrors();
      CelIssue first = errors.get(0);
      int line = first.getSourceLocation().getLine();
      int column = first.getSourceLocation().getColumn();
      // Columns are 0-based in CEL issues; people count from 1.
      throw new InvalidPolicyExpression(
          "line " + line + ", column " + (column + 1) + ": " + result.getErrorString(),
          line,
          column + 1);
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      return cel.createProgram(ast);
    } catch (Exception e) {
      throw new InvalidPolicyExpression(e.getMessage(), 1, 1);
    }
  }

  /**
   * Inputs declared as doubles may arrive as whole numbers (a recorded or hand-written input read
   * from JSON); CEL does not convert them itself.
   */
  private static Map<String, Object> declaredTypes(AttachmentPoint point, Map<String, Object> in) {
    point
        .variables()
        .forEach(
            (name, type) -> {
              if (type == SimpleType.DOUBLE && in.get(name) instanceof Number n) {
                in.put(name, n.doubleValue());
              }
            });
    return in;
  }

  /** CEL wants longs and doubles, not ints or floats; nested maps and lists are converted too. */
  private static Object celValue(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      return celValues(map);
    }
    if (value instanceof Collection<?> list) {
      return list.stream().map(PolicyEngine::celValue).toList();
    }
    return value;
  }

  private static Map<String, Object> celValues(Map<?, ?> map) {
    Map<String, Object> converted = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (v != null) {
            converted.put(String.valueOf(k), celValue(v));
          }
        });
    return converted;
  }
}
