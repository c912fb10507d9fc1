//! Which process holds the socket listening on a TCP port, read from procfs: the kernel's
//! socket tables (`/proc/net/tcp`, `/proc/net/tcp6`: a listening socket has state `0A` and its
//! inode in the tenth field, proc(5)) against the process's descriptors (`/proc/PID/fd`, each a
//! link `socket:[INODE]`).
//!
//! A share on a free loopback port picks the port by binding and releasing it, so another
//! program may take it before smbd binds it; a connection to that program is no sign that smbd
//! is up, and smbd, unable to bind, exits.

use std::fs;

/// Whether process `pid` holds a socket listening on `port` (any local address).
pub(crate) fn holds_listener(pid: u32, port: u16) -> bool {
    let inodes: Vec<u64> = ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|table| fs::read_to_string(table).ok())
        .flat_map(|text| listening_inodes(&text, port))
        .collect();
    if inodes.is_empty() {
        return false;
    }
    let Ok(descriptors) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    descriptors.flatten().any(|fd| {
        fs::read_link(fd.path())
            .ok()
            .and_then(|target| socket_inode(target.to_str()?))
            .is_some_and(|inode| inodes.contains(&inode))
    })
}

/// The inodes of the sockets listening on `port` in a socket table's `text`.
fn listening_inodes(text: &str, port: u16) -> Vec<u64> {
    const LISTEN: &str = "0A";
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local = fields.get(1)?;
            let (_, hex_port) = local.rsplit_once(':')?;
            let listens =
                u16::from_str_radix(hex_port, 16).ok()? == port && *fields.get(3)? == LISTEN;
            listens.then(|| fields.get(9)?.parse().ok())?
        })
        .collect()
}

/// The inode of a descriptor's link target `socket:[INODE]`.
fn socket_inode(target: &str) -> Option<u64> {
    target
        .strip_prefix("socket:[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0000000000000000 100 0 0 10 0
";

    #[test]
    fn only_the_listening_socket_of_the_port_is_found() {
        // 0x1F90 is 8080: the listener, not the connection on the same port.
        assert_eq!(listening_inodes(TABLE, 8080), [4242]);
        assert_eq!(listening_inodes(TABLE, 80), [4444]);
        assert!(listening_inodes(TABLE, 445).is_empty());
        assert!(listening_inodes("header only\n", 8080).is_empty());
    }

    #[test]
    fn this_process_holds_its_own_listener_and_another_does_not() {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        assert!(holds_listener(std::process::id(), port));
        let child = std::process::Command::new("sleep").arg("5").spawn();
        let mut child = child.unwrap();
        assert!(!holds_listener(child.id(), port));
        child.kill().unwrap();
        child.wait().unwrap();
        drop(listener);
        assert!(!holds_listener(std::process::id(), port));
    }
}
