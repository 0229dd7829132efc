namespace P4Orleans.Testing;

/// <summary>Polls a condition with a bound, for effects of background loops (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, int attempts = 400)
    {
        T value = await read();
        for (var i = 0; i < attempts && !done(value); i++)
        {
            await Task.Delay(25);
            value = await read();
        }
        return done(value) ? value : throw new TimeoutException($"The condition was not met; last value: {value}");
    }
}
