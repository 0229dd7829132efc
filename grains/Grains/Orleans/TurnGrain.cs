using global::Orleans.Storage;
using P4Orleans.Grains;

namespace P4Orleans.Domain.Orleans;

/// <summary>
/// An Orleans grain that runs a <see cref="GrainModel{TState}"/>: every write is a turn that decides on the
/// state, writes it once (the journal entries of the turn with it), then performs its effects. A turn that
/// throws leaves no trace: the state is read back from storage, or, when even that fails, the activation is
/// dropped and the next call reads it afresh. A read sees the last written state.
/// </summary>
/// <typeparam name="TState">The persisted state.</typeparam>
/// <typeparam name="TModel">The model deciding on it.</typeparam>
public abstract class TurnGrain<TState, TModel> : Grain
    where TState : JournalledState, new()
    where TModel : class, IGrainModel
{
    private readonly IPersistentState<TState> _store;
    private readonly TModel _model;
    private bool _stale;
    private bool _justActivated = true;

    /// <summary>Binds the grain to its storage, its model and the platform clock.</summary>
    protected TurnGrain(IPersistentState<TState> store, TModel model, TimeProvider time)
    {
        _store = store;
        _model = model;
        Time = time;
    }

    /// <summary>The platform clock (moved by tests, never Orleans' own).</summary>
    protected TimeProvider Time { get; }

    /// <summary>The model deciding on the state.</summary>
    protected TModel Model => _model;

    /// <summary>The state as last written (or being changed by the current turn).</summary>
    protected TState State => _store.State;

    /// <summary>True once the state has a row in storage.</summary>
    protected bool Exists => _store.RecordExists;

    /// <summary>This grain's key.</summary>
    protected string Key => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Entries stored with the state are in the journal already: the write that stored them appended them.
        DropWritten();
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>The state as stored, in the platform's JSON shape (personal data in it is sealed).</summary>
    public async Task<string> GetState()
    {
        await FreshAsync();
        return System.Text.Json.JsonSerializer.Serialize(State, StateJson.Options);
    }

    /// <summary>Runs a read on the last written state.</summary>
    protected async Task<T> ReadAsync<T>(Func<TModel, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await FreshAsync();
        _model.Bind(State, new TurnContext(Key, Time, State, readOnly: true));
        return await query(_model);
    }

    /// <summary>
    /// Runs a command as a turn: decide, <see cref="BeforeWriteAsync"/>, write once, then <see cref="AfterWriteAsync"/>.
    /// </summary>
    protected async Task<T> WriteAsync<T>(Func<TModel, Task<T>> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        for (var attempt = 0; ; attempt++)
        {
            await FreshAsync();
            BeginTurn();
            _model.Bind(State, new TurnContext(Key, Time, State, readOnly: false));
            T result;
            try
            {
                result = await command(_model);
                await BeforeWriteAsync();
                await _store.WriteStateAsync();
            }
            catch (InconsistentStateException) when (attempt == 0)
            {
                // The row was written behind this activation (bulk intake COPYs new dossiers' rows): read it, decide again.
                await RestoreAsync();
                continue;
            }
            catch
            {
                await RestoreAsync();
                throw;
            }

            DropWritten();
            await AfterWriteAsync();
            return result;
        }
    }

    /// <summary>Runs a command that returns nothing.</summary>
    protected Task WriteAsync(Func<TModel, Task> command) => WriteAsync(async m =>
    {
        await command(m);
        return true;
    });

    /// <summary>
    /// Drops what the last write appended beside the state (its journal entries; a state's other append-only
    /// lists in an override), so that the next write does not carry them again.
    /// </summary>
    protected virtual void DropWritten() => State.PendingJournal.Clear();

    /// <summary>Called with the state as stored, before a command changes it.</summary>
    protected virtual void BeginTurn()
    {
    }

    /// <summary>
    /// Called once the command has decided, before its state is written: what must exist before the write can be seen
    /// (a reminder moved earlier). A throw fails the turn, which leaves no trace.
    /// </summary>
    protected virtual Task BeforeWriteAsync() => Task.CompletedTask;

    /// <summary>Effects after a successful write (reminder, deliveries). Must not throw for a committed turn.</summary>
    protected virtual Task AfterWriteAsync() => Task.CompletedTask;

    /// <summary>Reads the state again when it may be stale or when the grain had no row (bulk intake may have written it since).</summary>
    protected async Task FreshAsync()
    {
        // A grain with no row yet reads again: its row may have been COPYed since (bulk intake), and a missing
        // row costs one primary-key read.
        var justActivated = _justActivated;
        _justActivated = false;
        if (_stale || (!_store.RecordExists && !justActivated))
        {
            await _store.ReadStateAsync();
            DropWritten();
            _stale = false;
        }
    }

    private async Task RestoreAsync()
    {
        _stale = true;
        try
        {
            await FreshAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage is unreachable: drop the activation; the next call reads the state afresh.
            DeactivateOnIdle();
        }
    }
}
