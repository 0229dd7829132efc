using System.Collections.Concurrent;
using System.Reflection;
using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

/// <summary>A grain class registered with the host.</summary>
public sealed record GrainRegistration(Type Interface, Type Implementation);

/// <summary>A registered grain type: its stable name, class, interface and the messages it receives.</summary>
public sealed class GrainTypeInfo
{
    internal GrainTypeInfo(string name, Type interfaceType, Type implementation)
    {
        Name = name;
        Interface = interfaceType;
        Implementation = implementation;
        IsRemindable = typeof(IRemindable).IsAssignableFrom(implementation);
        Receives = implementation.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReceiveMessage<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();
    }

    public string Name { get; }
    public Type Interface { get; }
    public Type Implementation { get; }
    public bool IsRemindable { get; }
    public IReadOnlySet<Type> Receives { get; }
}

/// <summary>The grain types and message types this host knows, by interface and by stable name.</summary>
public sealed class GrainCatalog
{
    private readonly Dictionary<Type, GrainTypeInfo> _byInterface = [];
    private readonly Dictionary<string, GrainTypeInfo> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _messagesByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _messageNames = new();

    public GrainCatalog(IEnumerable<GrainRegistration> registrations)
    {
        foreach (var r in registrations)
        {
            var name = r.Implementation.GetCustomAttribute<GrainTypeAttribute>()?.Name
                ?? throw new InvalidOperationException($"{r.Implementation.Name} needs a [GrainType(\"name\")] attribute.");
            if (!typeof(IGrainBase).IsAssignableFrom(r.Implementation))
            {
                throw new InvalidOperationException($"{r.Implementation.Name} must derive from Grain<TState>.");
            }
            if (_byName.TryGetValue(name, out var existing) && existing.Implementation != r.Implementation)
            {
                throw new InvalidOperationException($"Grain type name '{name}' is used by {existing.Implementation.Name} and {r.Implementation.Name}.");
            }
            var info = new GrainTypeInfo(name, r.Interface, r.Implementation);
            _byInterface[r.Interface] = info;
            _byName[name] = info;
            foreach (var message in info.Receives)
            {
                _messagesByName[MessageName(message)] = message;
            }
        }
    }

    public IEnumerable<GrainTypeInfo> Types => _byName.Values;

    public GrainTypeInfo ForInterface(Type interfaceType) =>
        _byInterface.TryGetValue(interfaceType, out var info)
            ? info
            : throw new InvalidOperationException($"No grain class is registered for {interfaceType.Name}.");

    public GrainTypeInfo ForName(string name) =>
        _byName.TryGetValue(name, out var info)
            ? info
            : throw new InvalidOperationException($"No grain type is registered under the name '{name}'.");

    public Type MessageType(string name) =>
        _messagesByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"No grain receives messages named '{name}'.");

    public string MessageName(Type messageType) => _messageNames.GetOrAdd(messageType, static t =>
        t.GetCustomAttribute<GrainMessageAttribute>()?.Name
            ?? throw new InvalidOperationException($"Message type {t.Name} needs a [GrainMessage(\"name\")] attribute."));
}
