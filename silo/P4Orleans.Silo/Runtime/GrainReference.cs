using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

/// <summary>
/// The object a caller holds for a grain: a proxy of the grain interface whose every call becomes a
/// turn of the grain on this host. Creating one costs nothing; the grain is activated on first call.
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodPlan> Plans = new();

    private GrainRuntime? _runtime;

    /// <summary>The grain this reference reaches.</summary>
    public GrainId GrainId { get; private set; }

    internal static TGrain Create<TGrain>(GrainRuntime runtime, GrainId id)
    {
        var proxy = Create<TGrain, GrainReference>();
        var reference = (GrainReference)(object)proxy!;
        reference._runtime = runtime;
        reference.GrainId = id;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Name switch
            {
                nameof(ToString) => GrainId.ToString(),
                nameof(GetHashCode) => GrainId.GetHashCode(),
                nameof(Equals) => args?[0] is GrainReference other && other.GrainId == GrainId,
                _ => throw new NotSupportedException(targetMethod.Name),
            };
        }
        var plan = Plans.GetOrAdd(targetMethod, MethodPlan.For);
        return plan.Call(_runtime!, GrainId, targetMethod, args);
    }

    /// <summary>How to run one interface method: as a write turn or a read, and how to type its result.</summary>
    private sealed class MethodPlan
    {
        public required Func<GrainRuntime, GrainId, MethodInfo, object?[]?, object> Call { get; init; }

        public static MethodPlan For(MethodInfo method)
        {
            var readOnly = method.GetCustomAttribute<ReadOnlyAttribute>() is not null;
            var returns = method.ReturnType;
            if (returns == typeof(Task))
            {
                return new MethodPlan { Call = (rt, id, m, a) => rt.CallAsync<object?>(id, m, a, readOnly) };
            }
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var make = typeof(MethodPlan).GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(returns.GetGenericArguments()[0]);
                return (MethodPlan)make.Invoke(null, [readOnly])!;
            }
            throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
        }

        private static MethodPlan Typed<T>(bool readOnly) =>
            new() { Call = (rt, id, m, a) => rt.CallAsync<T>(id, m, a, readOnly) };
    }

    /// <summary>Calls the grain class's method and unwraps a synchronous throw.</summary>
    internal static async Task<T> InvokeOn<T>(object grain, MethodInfo method, object?[]? args)
    {
        object? returned;
        try
        {
            returned = method.Invoke(grain, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        if (returned is Task<T> typed)
        {
            return await typed;
        }
        await (Task)returned!;
        return default!;
    }
}
