using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Silo.Runtime;

/// <summary>
/// The grain host's core: hands out grain references, keeps activations in memory, and runs every
/// call, reminder and message as a turn (one at a time per grain, atomic, on PostgreSQL).
/// </summary>
public sealed partial class GrainRuntime : IGrainFactory
{
    private static readonly AsyncLocal<TurnContext?> CurrentTurn = new();

    private readonly NpgsqlDataSource _db;
    private readonly GrainCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly SiloOptions _options;
    private readonly ILogger<GrainRuntime> _logger;
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();

    public GrainRuntime(NpgsqlDataSource db, GrainCatalog catalog, IServiceProvider services, TimeProvider time,
        IOptions<SiloOptions> options, HostMetrics metrics, ILogger<GrainRuntime> logger)
    {
        _db = db;
        _catalog = catalog;
        _services = services;
        _time = time;
        _options = options.Value;
        _logger = logger;
        Metrics = metrics;
    }

    /// <summary>This node's counters.</summary>
    public HostMetrics Metrics { get; }

    /// <summary>The registered grain types.</summary>
    public GrainCatalog Catalog => _catalog;

    /// <summary>Raised after a turn that sent messages commits: a hint to wake the message pump.</summary>
    public event Action? MessagesSent;

    /// <summary>How many activations are in memory.</summary>
    public int ActivationCount => _activations.Count;

    /// <inheritdoc />
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var info = _catalog.ForInterface(typeof(TGrain));
        return GrainReference.Create<TGrain>(this, new GrainId(info.Name, key));
    }

    /// <summary>The grain id behind a reference returned by <see cref="GetGrain{TGrain}"/>.</summary>
    public static GrainId IdOf(object grainReference) => ((GrainReference)grainReference).GrainId;

    internal Task<T> CallAsync<T>(GrainId id, MethodInfo method, object?[]? args, bool readOnly)
    {
        var current = CurrentTurn.Value;
        if (current is not null)
        {
            if (current.Id == id)
            {
                throw new InvalidOperationException($"Grain {id} called itself through a reference; call the method directly.");
            }
            if (!readOnly)
            {
                throw new InvalidOperationException(
                    $"Grain {current.Id} awaited a write on grain {id} inside its turn; send a message instead.");
            }
        }
        return readOnly
            ? ReadAsync(id, grain => GrainReference.InvokeOn<T>(grain, method, args))
            : WriteAsync(id, TurnInput.Call, (grain, _) => GrainReference.InvokeOn<T>(grain, method, args));
    }

    /// <summary>Drops activations unused for longer than the idle timeout, or the oldest past the cap.</summary>
    public int CollectIdleActivations()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var idle = _options.ActivationIdleTimeout.Ticks;
        var removed = 0;
        var candidates = _activations.Values.Where(a => now - a.LastUsedTicks > idle).ToList();
        var excess = _activations.Count - candidates.Count - _options.MaxActivations;
        if (excess > 0)
        {
            candidates.AddRange(_activations.Values.OrderBy(a => a.LastUsedTicks).Take(excess));
        }
        foreach (var activation in candidates)
        {
            if (activation.Gate.Wait(0))
            {
                try
                {
                    if (_activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.Id, activation)))
                    {
                        removed++;
                    }
                }
                finally
                {
                    activation.Gate.Release();
                }
            }
        }
        return removed;
    }

    private Activation GetActivation(GrainId id)
    {
        var activation = _activations.GetOrAdd(id, static (key, self) =>
        {
            var info = self._catalog.ForName(key.Type);
            var instance = (IGrainBase)ActivatorUtilities.CreateInstance(self._services, info.Implementation);
            return new Activation(key, instance);
        }, this);
        activation.LastUsedTicks = _time.GetUtcNow().UtcTicks;
        return activation;
    }
}
