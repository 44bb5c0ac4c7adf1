/// A binary min-heap of the breakpoints `t_i` of the projected
/// steepest-descent path, so that the generalized Cauchy point visits them
/// in increasing order at `O(log n)` each and usually stops after a few
/// (Zhu, Byrd, Lu & Nocedal 1997, subroutine `hpsolb`). Storage for `n`
/// breakpoints is allocated once.
@usableFromInline
struct BreakpointHeap<Scalar: Comparable & Sendable>: Sendable {
    @usableFromInline var times: [Scalar]
    @usableFromInline var variables: [Int]
    @usableFromInline var count = 0

    @inlinable
    init(capacity: Int, zero: Scalar) {
        times = [Scalar](repeating: zero, count: capacity)
        variables = [Int](repeating: 0, count: capacity)
    }

    @inlinable var isEmpty: Bool { count == 0 }

    /// Empties the heap.
    @inlinable
    mutating func removeAll() { count = 0 }

    /// Adds `time` for `variable` without restoring the heap order; call
    /// ``heapify()`` after the last one.
    @inlinable
    mutating func append(_ time: Scalar, variable: Int) {
        times[count] = time
        variables[count] = variable
        count += 1
    }

    /// Restores the heap order in `O(count)`.
    @inlinable
    mutating func heapify() {
        var i = count / 2 - 1
        while i >= 0 {
            siftDown(i)
            i -= 1
        }
    }

    /// Removes and returns the smallest breakpoint.
    @inlinable
    mutating func popMinimum() -> (time: Scalar, variable: Int) {
        let top = (times[0], variables[0])
        count -= 1
        times[0] = times[count]
        variables[0] = variables[count]
        siftDown(0)
        return top
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var child = left
            if left + 1 < count, times[left + 1] < times[left] { child = left + 1 }
            guard times[child] < times[parent] else { return }
            times.swapAt(child, parent)
            variables.swapAt(child, parent)
            parent = child
        }
    }
}
