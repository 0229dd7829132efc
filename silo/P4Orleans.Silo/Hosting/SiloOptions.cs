namespace P4Orleans.Silo.Hosting;

/// <summary>What a node runs (<c>Silo:Role</c>).</summary>
[Flags]
public enum NodeRole
{
    /// <summary>The gateway with an Orleans client: finds the silos' gateways in the clustering table.</summary>
    Api = 1,

    /// <summary>A silo: grains, reminders, the deadline catch-up and dispatch; serves only its health probes.</summary>
    Silo = 2,

    /// <summary>The gateway co-hosting a silo (the default, and the embedded single node).</summary>
    All = Api | Silo,
}
