namespace P4Orleans.Recovery.Dispatch;

/// <summary>
/// Lets a polling loop sleep until its next poll or until something signals work. A signal that
/// arrives while the loop is polling may be dropped: harmless, since that poll sees the work.
/// </summary>
public sealed class WakeSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes the waiter now (or its next wait, if none is waiting).</summary>
    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Waits for a signal or the timeout, whichever comes first, on the given clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _signal);
        if (!current.Task.IsCompleted)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(current.Task, Task.Delay(timeout, time, cts.Token));
            await cts.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
        Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
    }
}
