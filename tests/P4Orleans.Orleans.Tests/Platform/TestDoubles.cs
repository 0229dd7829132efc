using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Recovery.Vault;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>The platform's vault, which a test can make fail or hold (shared by every silo of its fixture).</summary>
public sealed class SwitchableVault(PersonalDataVault inner, VaultSwitch control) : IPersonalDataVault
{
    public async ValueTask<string> SealAsync(string dossierId, ReadOnlyMemory<byte> plaintext)
    {
        await control.PassAsync();
        return await inner.SealAsync(dossierId, plaintext);
    }

    public ValueTask<byte[]?> UnsealAsync(string dossierId, string sealedValue) => inner.UnsealAsync(dossierId, sealedValue);

    public async ValueTask DestroyAsync(string dossierId)
    {
        await control.PassAsync();
        await inner.DestroyAsync(dossierId);
    }
}

/// <summary>What the switchable vault does with the next seal or destruction.</summary>
public sealed class VaultSwitch
{
    private volatile bool _fail;
    private volatile TaskCompletionSource? _hold;

    /// <summary>Signalled when a held call arrives.</summary>
    public TaskCompletionSource Arrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every seal and destruction fails while set.</summary>
    public bool Fail { get => _fail; set => _fail = value; }

    /// <summary>Holds the next calls until <see cref="Release"/>.</summary>
    public void Hold()
    {
        Arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets held calls go on.</summary>
    public void Release()
    {
        var hold = _hold;
        _hold = null;
        hold?.TrySetResult();
    }

    internal async Task PassAsync()
    {
        if (_hold is { } hold)
        {
            Arrived.TrySetResult();
            await hold.Task;
        }
        if (_fail)
        {
            throw new InvalidOperationException("The vault is unavailable (test).");
        }
    }
}

/// <summary>The platform's office statistics; a test can hold the open-dossier listing an office's delivery reads.</summary>
public sealed class HeldStatistics(OfficeStatisticsSql inner, StatisticsHold hold, IServiceProvider services) : IOfficeStatistics
{
    public Task<OfficeStatistics> ForOfficeAsync(string officeId, CancellationToken cancellationToken = default) =>
        inner.ForOfficeAsync(officeId, cancellationToken);

    public async Task<IReadOnlyList<string>> OpenDossierIdsAsync(string officeId, string after, int limit, CancellationToken cancellationToken = default)
    {
        await hold.PassAsync(services.GetRequiredService<ILocalSiloDetails>().SiloAddress);
        return await inner.OpenDossierIdsAsync(officeId, after, limit, cancellationToken);
    }
}

/// <summary>Holds the first listing that arrives while armed, and tells on which silo it arrived.</summary>
public sealed class StatisticsHold
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _release;

    /// <summary>The silo where the held listing arrived.</summary>
    public TaskCompletionSource<SiloAddress> Arrived { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Listings that passed (held or not).</summary>
    public int Passed;

    /// <summary>Holds the next listing.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            Arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the held listing go on (it may belong to a silo killed meanwhile).</summary>
    public void Release()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            release = _release;
            _release = null;
        }
        release?.TrySetResult();
    }

    internal async Task PassAsync(SiloAddress silo)
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            release = _release;
        }
        if (release is not null && Arrived.TrySetResult(silo))
        {
            await release.Task;
        }
        Interlocked.Increment(ref Passed);
    }
}

/// <summary>
/// The platform's grain storage, which a test can make lose the answer to one committed write: the row is written,
/// then the grain hears an error, as when its silo dies between the write and what follows it.
/// </summary>
public sealed class AnswerLosingStorage(IGrainStorage inner, StorageSwitch control) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (control.Take(grainId))
        {
            throw new InvalidOperationException("The write's answer was lost (test).");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);
}

/// <summary>Which grain's next committed write loses its answer.</summary>
public sealed class StorageSwitch
{
    private readonly Lock _gate = new();
    private GrainId? _armed;

    /// <summary>The next write of <paramref name="grain"/> commits, then fails.</summary>
    public void LoseNextAnswer(GrainId grain)
    {
        lock (_gate)
        {
            _armed = grain;
        }
    }

    internal bool Take(GrainId grain)
    {
        lock (_gate)
        {
            if (_armed != grain)
            {
                return false;
            }
            _armed = null;
            return true;
        }
    }
}

/// <summary>Registers the switchable vault and held statistics before the platform's own registrations.</summary>
public static class TestDoubleRegistrations
{
    public static IServiceCollection AddTestDoubles(this IServiceCollection services, VaultSwitch vault, StatisticsHold statistics)
    {
        services.AddSingleton<IPersonalDataVault>(sp => new SwitchableVault(sp.GetRequiredService<PersonalDataVault>(), vault));
        services.AddSingleton<IOfficeStatistics>(sp => new HeldStatistics(ActivatorUtilities.CreateInstance<OfficeStatisticsSql>(sp), statistics, sp));
        return services;
    }

    /// <summary>Wraps the grain storage named <paramref name="name"/> (registered already) in <see cref="AnswerLosingStorage"/>.</summary>
    public static IServiceCollection AddAnswerLosingStorage(this IServiceCollection services, string name, StorageSwitch control)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        var create = registered.KeyedImplementationFactory ?? throw new InvalidOperationException("The grain storage is not built by a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => new AnswerLosingStorage((IGrainStorage)create(sp, key), control));
        return services;
    }
}
