"""bench/machine.py: the CPU's description from /proc/cpuinfo (a hand-made file)."""

from bench.machine import FLAGS, cpu_info


def test_cpu_info_reads_model_and_the_flags_that_matter(tmp_path):
    f = tmp_path / "cpuinfo"
    f.write_text("processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz\n"
                 "flags\t\t: fpu sse avx2 fma avx512f avx512_vnni\n\n"
                 "processor\t: 1\nmodel name\t: other\nflags\t\t: amx_tile\n")
    info = cpu_info(str(f))
    assert info["model"] == "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz"  # the first CPU's
    assert info["flags"] == ["avx2", "fma", "avx512f", "avx512_vnni"]  # in FLAGS order, first CPU
    assert set(info["flags"]) <= set(FLAGS)


def test_cpu_info_without_the_file_says_unknown(tmp_path):
    info = cpu_info(str(tmp_path / "absent"))
    assert info["model"] == "unknown" and info["flags"] == []
