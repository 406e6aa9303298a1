using System.Runtime.InteropServices;

namespace DataGen.Quality.Dedupe;

/// <summary>
/// Large arrays backed by 2 MiB transparent huge pages where Linux offers them on request
/// (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> = <c>madvise</c>, the common default). The index's arenas and
/// bucket tables are written once each, in fresh memory: with 4 KiB pages every page costs a fault (about 3 µs on a
/// virtual machine, which made first touch the largest single cost of a dedupe), with huge pages one fault covers 512
/// of them, and lookups miss the TLB far less. The arrays are pinned (the pinned-object heap never moves them, so the
/// advice stays on the right addresses); elsewhere, or when the advice fails, they are plain arrays.
/// </summary>
internal static partial class HugePageArrays
{
    private const int HugePage = 2 << 20;
    private const int MadvHugePage = 14;

    /// <summary>An uninitialised array of <paramref name="length"/> values: the caller writes each before reading it.</summary>
    public static unsafe T[] AllocateUninitialized<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        if (OperatingSystem.IsLinux() && (long)length * sizeof(T) >= HugePage)
        {
            fixed (T* start = array)
            {
                // Only whole huge pages inside the array: advising a partial one would reach another object.
                var from = ((nint)start + HugePage - 1) & ~(nint)(HugePage - 1);
                var to = ((nint)start + ((nint)length * sizeof(T))) & ~(nint)(HugePage - 1);
                if (to > from)
                {
                    // Advice only: a kernel without THP answers EINVAL and the pages stay small, which is still correct.
                    _ = Madvise(from, (nuint)(to - from), MadvHugePage);
                }
            }
        }

        return array;
    }

    /// <summary>A zeroed array of <paramref name="length"/> values.</summary>
    public static T[] Allocate<T>(int length)
        where T : unmanaged
    {
        var array = AllocateUninitialized<T>(length);
        array.AsSpan().Clear();
        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
