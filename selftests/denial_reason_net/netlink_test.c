// SPDX-License-Identifier: GPL-2.0
/*
 * Denial reasons of netlink requests refused in their acknowledgment.
 *
 * The system call that sends the request succeeds; the kernel socket
 * answers with an NLMSG_ERROR carrying -EPERM, and a program such as
 * ip(8) takes errno from it.  The kernel publishes what it noted for the
 * refusal at the exit of the sending system call, so that the record
 * read afterwards is the acknowledgment's.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/denial_reason.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "../denial_reason_lsm/helpers.h"

#define LINK_DOWN_LEN	NLMSG_LENGTH(sizeof(struct ifinfomsg))

/* An RTM_NEWLINK request that takes the loopback device down. */
static void put_link_down(void *buf, __u32 seq)
{
	struct nlmsghdr *nh = buf;
	struct ifinfomsg *ifi = NLMSG_DATA(nh);

	memset(buf, 0, NLMSG_ALIGN(LINK_DOWN_LEN));
	nh->nlmsg_len = LINK_DOWN_LEN;
	nh->nlmsg_type = RTM_NEWLINK;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = seq;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)if_nametoindex("lo");
	ifi->ifi_change = IFF_UP;
}

/*
 * Send @len bytes of requests on the netlink socket @fd and read
 * acknowledgments until @acks arrived; return -1 with errno set from the
 * first error one carries, as ip(8) does, or 0.
 */
static long talk_fd(int fd, const void *req, size_t len, int acks)
{
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	int first = 0;
	ssize_t n;

	if (send(fd, req, len, 0) != (ssize_t)len)
		return -2;
	while (acks > 0 && (n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		struct nlmsghdr *nh = (struct nlmsghdr *)buf;

		for (; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			struct nlmsgerr *e = NLMSG_DATA(nh);

			if (nh->nlmsg_type != NLMSG_ERROR)
				continue;
			acks--;
			if (e->error && !first)
				first = -e->error;
		}
	}
	if (acks > 0)
		return -2;
	errno = first;
	return first ? -1 : 0;
}

/* The same on a new socket of @proto. */
static long talk(int proto, const void *req, size_t len, int acks)
{
	int fd, err;
	long ret;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -2;
	ret = talk_fd(fd, req, len, acks);
	err = errno;
	close(fd);
	errno = err;
	return ret;
}

static long link_down(void *arg)
{
	char req[NLMSG_ALIGN(LINK_DOWN_LEN)];

	put_link_down(req, 1);
	return talk(NETLINK_ROUTE, req, sizeof(req), 1);
}

/* Two requests in one system call, both refused. */
static long link_down_twice(void *arg)
{
	char req[2 * NLMSG_ALIGN(LINK_DOWN_LEN)];

	put_link_down(req, 1);
	put_link_down(req + NLMSG_ALIGN(LINK_DOWN_LEN), 2);
	return talk(NETLINK_ROUTE, req, sizeof(req), 2);
}

/* A refused request, then a send whose request is answered without one. */
static long link_down_then_ok(void *arg)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} get = {
		.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
		.nh.nlmsg_type = RTM_GETLINK,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.ifi.ifi_index = (int)if_nametoindex("lo"),
	};
	long ret = link_down(arg);
	int err = errno;

	if (ret != -1 || talk(NETLINK_ROUTE, &get, sizeof(get), 1))
		return -2;
	errno = err;
	return ret;
}

/*
 * Root makes a network namespace of its own, so that nothing the tests
 * ask for could change the host's, then becomes the test user.
 */
static int user_in_own_netns(void)
{
	return unshare(CLONE_NEWNET) || drop_to_user();
}

/* Then root of a new user namespace, which does not own the netns. */
static int become_userns_root(void)
{
	return user_in_own_netns() || unshare(CLONE_NEWUSER);
}

#define REQUIRE_ROOT()							\
	do {								\
		REQUIRE_DENIAL_REASON();				\
		if (getuid())						\
			SKIP(return, "needs root to drop to a test user"); \
	} while (0)

/* The id of generic netlink family @name, or -1. */
static int genl_family(const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr g;
		char attrs[64];
	} req = {
		.nh.nlmsg_type = GENL_ID_CTRL,
		.nh.nlmsg_flags = NLM_F_REQUEST,
		.g.cmd = CTRL_CMD_GETFAMILY,
		.g.version = 1,
	};
	char buf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlattr *a = (struct nlattr *)req.attrs;
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	int fd, id = -1;
	ssize_t n;

	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + strlen(name) + 1;
	strcpy((char *)a + NLA_HDRLEN, name);
	req.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + NLA_ALIGN(a->nla_len));

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0)
		goto out;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n <= 0 || !NLMSG_OK(nh, n) || nh->nlmsg_type != GENL_ID_CTRL)
		goto out;
	n = nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (struct nlattr *)((char *)NLMSG_DATA(nh) + GENL_HDRLEN);
	for (; n >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     n -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			id = *(__u16 *)((char *)a + NLA_HDRLEN);
out:
	close(fd);
	return id;
}

/* ethtool -s lo ...: changing a link is for its netns's administrators. */
static long genl_admin(void *arg)
{
	struct {
		struct nlmsghdr nh;
		struct genlmsghdr g;
	} req = {
		.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN),
		.nh.nlmsg_type = *(int *)arg,
		.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.g.cmd = ETHTOOL_MSG_LINKINFO_SET,
		.g.version = ETHTOOL_GENL_VERSION,
	};

	return talk(NETLINK_GENERIC, &req, sizeof(req), 1);
}

/* An nftables batch that adds a table, as nft(8) sends it. */
static long nft_add_table(void *arg)
{
	struct {
		struct nlmsghdr begin;
		struct nfgenmsg begin_g;
		struct nlmsghdr add;
		struct nfgenmsg add_g;
		struct nlattr name;
		char name_s[4];
		struct nlmsghdr end;
		struct nfgenmsg end_g;
	} req = {
		.begin.nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg)),
		.begin.nlmsg_type = NFNL_MSG_BATCH_BEGIN,
		.begin.nlmsg_flags = NLM_F_REQUEST,
		.begin.nlmsg_seq = 1,
		.begin_g.res_id = htons(NFNL_SUBSYS_NFTABLES),
		.add.nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg) +
					      NLA_HDRLEN + 4),
		.add.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) |
				  NFT_MSG_NEWTABLE,
		.add.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_ACK,
		.add.nlmsg_seq = 2,
		.add_g.nfgen_family = NFPROTO_INET,
		.name.nla_len = NLA_HDRLEN + 3,
		.name.nla_type = NFTA_TABLE_NAME,
		.name_s = "fe",
		.end.nlmsg_len = NLMSG_LENGTH(sizeof(struct nfgenmsg)),
		.end.nlmsg_type = NFNL_MSG_BATCH_END,
		.end.nlmsg_flags = NLM_F_REQUEST,
		.end.nlmsg_seq = 3,
		.end_g.res_id = htons(NFNL_SUBSYS_NFTABLES),
	};

	return talk(NETLINK_NETFILTER, &req, sizeof(req), 1);
}

/* The record names the capability the sender lacked, and the sendto(). */
#define ASSERT_NET_ADMIN(o, why)					\
	do {								\
		ASSERT_FAILED_WITH((o), EPERM);				\
		EXPECT_EQ(__NR_sendto, (o)->r.syscall_nr);		\
		EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, (o)->r.source);	\
		EXPECT_EQ((why), (o)->r.reason);			\
		EXPECT_EQ(CAP_NET_ADMIN, (o)->r.capability);		\
		EXPECT_TRUE((o)->r.fields & DENIAL_FIELD_USERNS);	\
		EXPECT_EQ(0, (o)->r.flags & DENIAL_REASON_OPENER_CREDS); \
	} while (0)

/* ip link set lo down, as a user. */
TEST(rtnetlink)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(user_in_own_netns, link_down, NULL);
	ASSERT_NET_ADMIN(o, DENIAL_CAP_NOT_PERMITTED);
	EXPECT_EQ(USER_ID, o->r.uid);
}

/* unshare -Ur ip link set lo down: the netns is not the new userns's. */
TEST(rtnetlink_userns)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(become_userns_root, link_down, NULL);
	ASSERT_NET_ADMIN(o, DENIAL_CAP_USERNS);
}

/* Two refusals in one system call: which one errno holds is unknown. */
TEST(two_refusals)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(user_in_own_netns, link_down_twice, NULL);
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(__NR_sendto, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_UNKNOWN, o->r.source);
}

/* A later request answered without a refusal leaves the record. */
TEST(then_answered)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(user_in_own_netns, link_down_then_ok, NULL);
	ASSERT_NET_ADMIN(o, DENIAL_CAP_NOT_PERMITTED);
}

/* Generic netlink: an operation for administrators only. */
TEST(genetlink)
{
	struct outcome *o;
	int id;

	REQUIRE_ROOT();
	id = genl_family(ETHTOOL_GENL_NAME);
	if (id < 0)
		SKIP(return, "no ethtool generic netlink family");
	o = in_child(user_in_own_netns, genl_admin, &id);
	ASSERT_NET_ADMIN(o, DENIAL_CAP_NOT_PERMITTED);
}

/* nft add table inet fe, as a user: nfnetlink refuses the batch. */
TEST(nftables)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(user_in_own_netns, nft_add_table, NULL);
	ASSERT_NET_ADMIN(o, DENIAL_CAP_NOT_PERMITTED);
}

/* A socket opened before the credentials changed, in the test's child. */
static int opened_fd = -1;

/* Root opens the socket in a netns of its own, then becomes the user. */
static int root_opens_then_user(void)
{
	if (unshare(CLONE_NEWNET))
		return -1;
	opened_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	return opened_fd < 0 || drop_to_user();
}

/* The user opens it, with real ids; root, keeping its caps, sends. */
static int user_opens_then_root(void)
{
	if (unshare(CLONE_NEWNET) || setresuid(USER_ID, USER_ID, 0))
		return -1;
	opened_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	return opened_fd < 0 || setresuid(0, 0, 0);
}

static long link_down_on_opened(void *arg)
{
	char req[NLMSG_ALIGN(LINK_DOWN_LEN)];

	put_link_down(req, 1);
	return talk_fd(opened_fd, req, sizeof(req), 1);
}

/*
 * A socket opened by root and used after dropping to the user: the
 * capability checked is the opener's, which it had, then the sender's.
 */
TEST(opener_had_it)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(root_opens_then_user, link_down_on_opened, NULL);
	ASSERT_NET_ADMIN(o, DENIAL_CAP_NOT_PERMITTED);
	EXPECT_EQ(USER_ID, o->r.uid);
}

/*
 * A socket opened by the user and used by root: the opener's missing
 * capability is named, as the opener's.
 */
TEST(opener_lacked_it)
{
	struct outcome *o;

	REQUIRE_ROOT();
	o = in_child(user_opens_then_root, link_down_on_opened, NULL);
	ASSERT_FAILED_WITH(o, EPERM);
	EXPECT_EQ(__NR_sendto, o->r.syscall_nr);
	EXPECT_EQ(DENIAL_SOURCE_CAPABILITY, o->r.source);
	EXPECT_EQ(CAP_NET_ADMIN, o->r.capability);
	EXPECT_EQ(USER_ID, o->r.uid);
	EXPECT_TRUE(o->r.flags & DENIAL_REASON_OPENER_CREDS);
}

TEST_HARNESS_MAIN
