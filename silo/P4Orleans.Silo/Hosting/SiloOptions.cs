namespace P4Orleans.Silo.Hosting;

/// <summary>What a node does.</summary>
[Flags]
public enum NodeRole
{
    /// <summary>Serves HTTP; runs grain calls made by its requests.</summary>
    Api = 1,

    /// <summary>Fires reminders, delivers messages, runs background work.</summary>
    Silo = 2,

    /// <summary>Both (the default: one process does everything).</summary>
    All = Api | Silo,
}

/// <summary>Settings of the grain host (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>This node's id; default: host name and process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>What this node runs.</summary>
    public NodeRole Role { get; set; } = NodeRole.All;

    /// <summary>How often due reminders are looked for when nothing wakes the poller earlier.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often pending messages are looked for when nothing wakes the pump earlier.</summary>
    public TimeSpan MessagePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a node holds a claimed reminder or message before another node may take it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many reminders or messages one claim takes.</summary>
    public int ClaimBatchSize { get; set; } = 1000;

    /// <summary>How many reminder or message turns run at once on this node.</summary>
    public int DeliveryConcurrency { get; set; } = 32;

    /// <summary>A failed message delivery is retried this many times, then set aside as dead.</summary>
    public int MaxDeliveryAttempts { get; set; } = 10;

    /// <summary>How often the node writes its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An activation unused this long is dropped from memory (its state stays in the database).</summary>
    public TimeSpan ActivationIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many activations are kept in memory.</summary>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>Delivered message ids are kept this long for de-duplication.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Fault injection for crash tests: hold every write turn before COMMIT until the process dies.</summary>
    public bool PauseBeforeCommit { get; set; }

    /// <summary>The node id in effect.</summary>
    public string EffectiveNodeId => NodeId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
}
